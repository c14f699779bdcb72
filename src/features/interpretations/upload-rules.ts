// Uploaded files of 政策解读 (issue 16): 图解 images, audio/video/动漫 files and 解读会 photos. They go
// through the platform's file store like documents' attachments (staged in DATA_DIR/tmp, registered in
// `files` and moved into place when the row's transaction commits, content-addressed). The type is read
// from the file's first bytes, not trusted from its name; images are PNG, JPEG, GIF or WebP (no SVG: it
// can carry script), audio MP3/M4A/OGG/WAV, video MP4/WebM. Limits and messages in Chinese.
import type { StoredFile } from '../../platform/files/index.ts';

export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export const AUDIO_TYPES = ['audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/wav'] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/webm'] as const;

/** An uploaded file as a command receives it (staged until its row commits). */
export interface Upload extends StoredFile {
  filename: string;
  /** The type read from the first bytes; null: not a type we accept. */
  mime: string | null;
}

/** The served file's address on this site. */
export const fileUrl = (sha256: string) => `/zcjd/files/${sha256}`;

/** The content type of a file from its first bytes (null: none we accept). */
export function sniff(head: Buffer): string | null {
  const at = (s: string, off = 0) => head.length >= off + s.length && head.subarray(off, off + s.length).toString('latin1') === s;
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (at('GIF87a') || at('GIF89a')) return 'image/gif';
  if (at('RIFF') && at('WEBP', 8)) return 'image/webp';
  if (at('RIFF') && at('WAVE', 8)) return 'audio/wav';
  if (at('OggS')) return 'audio/ogg';
  if (at('ID3') || (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (head.length >= 4 && head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))) return 'video/webm';
  if (at('ftyp', 4)) return at('M4A', 8) ? 'audio/mp4' : 'video/mp4';
  return null;
}

/** What a form accepts: 图解 and photos an image, audio an audio file, video and 动漫 a video; within the size limits. */
export function checkUpload(form: string, f: { mime: string | null; size: number; filename: string }, maxBytes: number): string | null {
  const name = `“${f.filename}”`;
  if (form === 'graphic' || form === 'photo') {
    if (!f.mime || !(IMAGE_TYPES as readonly string[]).includes(f.mime)) return `文件${name}不是图片：${form === 'photo' ? '照片' : '图解'}请上传 JPG、PNG、GIF 或 WebP 格式的图片`;
    if (f.size > IMAGE_MAX_BYTES) return `图片${name}过大：不能超过 ${IMAGE_MAX_BYTES / 1024 / 1024} MB，请压缩后重新上传`;
    return null;
  }
  const audio = (AUDIO_TYPES as readonly string[]).includes(f.mime ?? '');
  const video = (VIDEO_TYPES as readonly string[]).includes(f.mime ?? '');
  if (form === 'audio' && !audio) return `文件${name}不是可播放的音频：请上传 MP3、M4A、OGG 或 WAV 格式`;
  if ((form === 'video' || form === 'animation') && !video) return `文件${name}不是可播放的视频：请上传 MP4 或 WebM 格式`;
  if (f.size > maxBytes) return `文件${name}过大：不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB`;
  return null;
}

