// fontkit (PDFKit's font engine) ships no types; the documents use one function of it.
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): unknown;
}
