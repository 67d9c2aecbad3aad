import { useEffect, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation';
import { getLinks } from '../lib/api';

interface Qr {
  size: number;
  /** The dark modules as one SVG path. */
  path: string;
}

/** The QR code's modules as an SVG path of 1x1 squares (the library encodes; we only draw). */
async function encode(text: string): Promise<Qr> {
  const { default: QRCode } = await import('qrcode');
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col} ${row}h1v1h-1z`;
    }
  }
  return { size: modules.size, path };
}

/** The link as people can type it: without the scheme. */
function readable(link: string): string {
  return link.replace(/^https?:\/\//, '');
}

/**
 * "Join in": a QR code and the link of the participants' (editor) link, which the server
 * builds on PUBLIC_URL or the machine's LAN address. Only the facilitator's token may read it.
 */
export function JoinPanel({ id, token }: { id: string; token: string }) {
  const { t } = useTranslation();
  const [link, setLink] = useState<string | null>(null);
  const [qr, setQr] = useState<Qr | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    getLinks(id, token)
      .then(async ({ links }) => {
        const code = await encode(links.editor);
        if (cancelled) return;
        setLink(links.editor);
        setQr(code);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [id, token]);

  if (failed) return <p className="join join--failed">{t('joinLinkFailed')}</p>;
  if (!link || !qr) return null;
  const quiet = 4; // the white margin a scanner needs, in modules
  return (
    <section className="join" aria-labelledby="join-title" data-testid="join-panel">
      <h2 className="join__title" id="join-title">
        {t('joinTitle')}
      </h2>
      <svg
        className="join__qr"
        viewBox={`${-quiet} ${-quiet} ${qr.size + 2 * quiet} ${qr.size + 2 * quiet}`}
        role="img"
        aria-label={t('joinQrLabel', { link })}
        shapeRendering="crispEdges"
        data-testid="join-qr"
      >
        <rect x={-quiet} y={-quiet} width={qr.size + 2 * quiet} height={qr.size + 2 * quiet} fill="#fff" />
        <path d={qr.path} fill="#000" />
      </svg>
      <p className="join__help">{t('joinHelp')}</p>
      <p className="join__link" data-testid="join-link">
        {readable(link)}
      </p>
    </section>
  );
}
