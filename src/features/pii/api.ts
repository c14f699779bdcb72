// POST /api/v1/pii/scan: personal information in a text (`{ "text": … }`) or an uploaded file (multipart,
// field `file`: XLSX, CSV, DOCX, PDF, plain text), for other systems to check what they are about to publish.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.ts';
import { can } from '../../platform/access/roles.ts';
import { apiRoute, component, defineOperations, Enum, ErrorBody } from '../../platform/http/index.ts';
import { PII_TYPES } from './detect.ts';
import { scanFile, scanText } from './scan.ts';
import './actions.ts';

/** Largest text accepted in a JSON body (characters). */
export const MAX_SCAN_TEXT = 2_000_000;

const PiiFinding = component(
  'PiiFinding',
  Type.Object({
    type: Enum([...PII_TYPES, 'unscannable'], { description: '类型：resident-id 居民身份证号码，phone 电话，bank-card 银行卡号，credit-code 统一社会信用代码（依法公开，仅提示），email，passport 护照，permit 港澳台通行证，address 详细住址；unscannable 文件无法检查' }),
    field: Type.String({ description: '所在字段：text（请求的文字）或 attachment（上传的文件）' }),
    location: Type.String({ description: '位置，如“第3行 C列”“工作表1 第2行 B列”“第5段”' }),
    start: Type.Integer({ description: '在该段文字（表格为该单元格）中的起始位置（UTF-16 码元）' }),
    end: Type.Integer({ description: '结束位置（不含）' }),
    masked: Type.String({ description: '遮蔽后的形式，如 110105********002X、138****5678' }),
    severity: Enum(['block', 'info'], { description: 'block：发布前须遮蔽；info：依法公开或机关对外联系方式，仅提示' }),
  }),
);

const ScanResponse = Type.Object({ findings: Type.Array(PiiFinding) }, { description: '检查结果' });

export const OPERATIONS = defineOperations({
  piiScan: {
    method: 'POST',
    url: '/pii/scan',
    summary: '检查文字或文件中的个人信息',
    description:
      '请求体为 JSON `{ "text": "…" }`（不超过 200 万字），或 multipart/form-data 上传一个文件（字段名 file，XLSX、CSV、DOCX、PDF、纯文本）。' +
      '返回每一处个人信息的类型、位置和遮蔽后的形式；身份证号按 GB 11643 校验位、银行卡号按 Luhn 校验，校验不通过的不算。' +
      '文件损坏、加密或格式无法读取时返回一项 unscannable。需要工作人员令牌。',
    tag: '个人信息检查',
    access: 'staff',
    body: Type.Object({ text: Type.String({ maxLength: MAX_SCAN_TEXT, description: '要检查的文字' }) }, { additionalProperties: false }),
    success: { status: 200, description: '检查结果', schema: ScanResponse },
    errors: [400, 403, 413, 415],
    errorResponses: {
      413: { description: '上传的文件超过大小上限（PAYLOAD_TOO_LARGE）', schema: ErrorBody },
      415: { description: '请求体既不是 JSON 也不是 multipart/form-data（UNSUPPORTED_MEDIA）', schema: ErrorBody },
    },
  },
});

async function fileOf(req: FastifyRequest): Promise<{ bytes: Buffer; filename: string; mime: string }> {
  const file = await req.file();
  if (!file) throw new AppError('VALIDATION', undefined, { file: '请上传要检查的文件（字段名 file）' });
  const bytes = await file.toBuffer();
  if ((file.file as { truncated?: boolean }).truncated) throw new AppError('PAYLOAD_TOO_LARGE');
  return { bytes, filename: file.filename || 'file', mime: file.mimetype || '' };
}

export async function registerPiiApi(api: FastifyInstance): Promise<void> {
  // A multipart upload carries no JSON body: validate the JSON body only when there is one.
  api.addHook('preValidation', async (req) => {
    if (req.routeOptions.url === `${api.prefix}/pii/scan` && req.isMultipart()) (req as { body: unknown }).body = { text: '' };
  });
  apiRoute(api, OPERATIONS.piiScan, async (req) => {
    if (!can(req.actor!, 'pii.scan')) throw new AppError('FORBIDDEN', '您的角色不能使用个人信息检查接口。');
    if (req.isMultipart()) {
      const f = await fileOf(req);
      const scan = await scanFile(f.bytes, f.filename, f.mime);
      const findings: Record<string, unknown>[] = scan.findings.map(({ key: _key, ...rest }) => rest);
      if (scan.error) findings.push({ type: 'unscannable', field: 'attachment', location: scan.error, start: 0, end: 0, masked: '', severity: 'block' });
      return { findings };
    }
    const text = (req.body as { text: string }).text;
    return { findings: scanText(text, 'text', '文字').map(({ key: _key, ...rest }) => rest) };
  });
}
