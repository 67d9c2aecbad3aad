// The TTF faces of every typeface Stip ships, as asset URLs (fetched only when a page uses them).
// One static import each, so Vite emits them; the same files the server's PDF embeds.
import inter_normal from '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf?url';
import inter_bold from '@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf?url';
import inter_italics from '@expo-google-fonts/inter/400Regular_Italic/Inter_400Regular_Italic.ttf?url';
import inter_bolditalics from '@expo-google-fonts/inter/700Bold_Italic/Inter_700Bold_Italic.ttf?url';
import sourceSans3_normal from '@expo-google-fonts/source-sans-3/400Regular/SourceSans3_400Regular.ttf?url';
import sourceSans3_bold from '@expo-google-fonts/source-sans-3/700Bold/SourceSans3_700Bold.ttf?url';
import sourceSans3_italics from '@expo-google-fonts/source-sans-3/400Regular_Italic/SourceSans3_400Regular_Italic.ttf?url';
import sourceSans3_bolditalics from '@expo-google-fonts/source-sans-3/700Bold_Italic/SourceSans3_700Bold_Italic.ttf?url';
import firaSans_normal from '@expo-google-fonts/fira-sans/400Regular/FiraSans_400Regular.ttf?url';
import firaSans_bold from '@expo-google-fonts/fira-sans/700Bold/FiraSans_700Bold.ttf?url';
import firaSans_italics from '@expo-google-fonts/fira-sans/400Regular_Italic/FiraSans_400Regular_Italic.ttf?url';
import firaSans_bolditalics from '@expo-google-fonts/fira-sans/700Bold_Italic/FiraSans_700Bold_Italic.ttf?url';
import notoSerif_normal from '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf?url';
import notoSerif_bold from '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf?url';
import notoSerif_italics from '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf?url';
import notoSerif_bolditalics from '@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf?url';
import type { FontFace as Face, Typeface } from '../../../shared/styleValues';

export const FONT_URLS: Record<Typeface, Record<Face, string>> = {
  inter: { normal: inter_normal, bold: inter_bold, italics: inter_italics, bolditalics: inter_bolditalics },
  sourceSans3: { normal: sourceSans3_normal, bold: sourceSans3_bold, italics: sourceSans3_italics, bolditalics: sourceSans3_bolditalics },
  firaSans: { normal: firaSans_normal, bold: firaSans_bold, italics: firaSans_italics, bolditalics: firaSans_bolditalics },
  notoSerif: { normal: notoSerif_normal, bold: notoSerif_bold, italics: notoSerif_italics, bolditalics: notoSerif_bolditalics },
};
