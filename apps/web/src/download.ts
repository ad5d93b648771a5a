// Files the API writes (xlsx exports): fetched with the session like any request, then handed to the browser as a download.
import { ApiError, loadSession } from './api';

/** Downloads `path` and saves it under the name the API gives (Content-Disposition), else `fallbackName`. */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const session = loadSession();
  const res = await fetch(path, { headers: session ? { authorization: `Bearer ${session.accessToken}` } : {} });
  if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`, null);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the object URL is then only memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
