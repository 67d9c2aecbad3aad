export * from './docLayout';
export * from './editorSchema';
export * from './exportFormat';
export * from './canvasTransfer';
export * from './templates';
export * from './protocol';
export * from './api';
export * from './zoneHeadings';
