import { ApiError } from "./api-error";

/** What POST /uploads answers. */
export interface UploadReceipt {
  uploadId: string;
  kind: string;
  sizeBytes: number;
  expiresAt: string;
}

/**
 * Sends a file as the raw body of POST /uploads (proxied to the API), reporting progress 0..1.
 * XMLHttpRequest rather than fetch because only it reports upload progress.
 */
export function uploadFile(file: File, kind: "video" | "keypoints", onProgress: (fraction: number) => void): Promise<UploadReceipt> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/uploads?kind=${kind}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError("The upload was interrupted. Check the connection and try again.", "NETWORK_ERROR"));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === "object" && "uploadId" in body) {
        onProgress(1);
        resolve(body as UploadReceipt);
        return;
      }
      const error = (body as { error?: { code?: string; message?: string; hint?: string } } | undefined)?.error;
      const message = error?.message ? `${error.message}${error.hint ? ` ${error.hint}` : ""}` : `The upload failed (HTTP ${xhr.status}).`;
      reject(new ApiError(message, error?.code ?? `HTTP_${xhr.status}`));
    };
    xhr.send(file);
  });
}
