/** Hands a file the API made (an export) to the browser's download under `name`. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download once click() returns; the object URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
