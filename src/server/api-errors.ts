import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every admin-API error is `{ error: code, message: 中文原因 }` (DESIGN §4): the code for
 * programs, the message for the person reading it, naming the field and what is wrong with it.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

const TYPE_NAMES = new Map([
  ['integer', '整数'],
  ['number', '数字'],
  ['string', '文字'],
  ['boolean', 'true 或 false'],
  ['object', 'JSON 对象'],
  ['array', '列表'],
]);

/** One validation issue as '参数 X 无效：原因。'. */
export function describeIssue(issue: AjvIssue, context = '请求'): string {
  const p = issue.params;
  const field =
    issue.instancePath.replace(/^\//, '').replace(/\//g, '.') ||
    String(p.additionalProperty ?? p.missingProperty ?? context);
  let reason: string;
  switch (issue.keyword) {
    case 'type':
      reason = `应为${TYPE_NAMES.get(String(p.type)) ?? String(p.type)}`;
      break;
    case 'minimum':
      reason = `不能小于 ${String(p.limit)}`;
      break;
    case 'maximum':
      reason = `不能大于 ${String(p.limit)}`;
      break;
    case 'enum':
      reason = `只能是 ${(p.allowedValues as unknown[]).join('、')} 之一`;
      break;
    case 'minLength':
      reason = p.limit === 1 ? '不能为空' : `至少 ${String(p.limit)} 个字符`;
      break;
    case 'maxLength':
      reason = `最长 ${String(p.limit)} 个字符`;
      break;
    case 'additionalProperties':
      reason = '不认识这个参数';
      break;
    case 'required':
      reason = '缺少这个参数';
      break;
    default:
      reason = '格式不符合要求';
  }
  return `参数 ${field} 无效：${reason}。`;
}

/** Fastify's own 4xx errors, in words. */
function describeFastifyError(err: FastifyError): string {
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return '不是合法的 JSON。';
  switch (err.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Content-Type 是 application/json，但内容为空。';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `不支持的 Content-Type「${err.message.replace(/^.*: /, '')}」。`;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return '内容太大。';
    default:
      return '格式不对。';
  }
}

const CODES = new Map([
  [400, 'bad_request'],
  [401, 'unauthorized'],
  [404, 'not_found'],
  [408, 'request_timeout'],
  [409, 'conflict'],
  [413, 'payload_too_large'],
  [415, 'unsupported_media_type'],
  [429, 'rate_limited'],
]);

/** The admin API's error handler: ApiError as is, validation and parsing errors in Chinese, 5xx logged. */
export function apiErrorHandler(
  err: FastifyError | ApiError,
  req: FastifyRequest,
  reply: FastifyReply,
): void {
  if (err instanceof ApiError) {
    void reply.code(err.statusCode).send({ error: err.code, message: err.message });
    return;
  }
  const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
  if (status >= 500) {
    req.log.error({ err, url: req.url }, 'admin API request failed');
    void reply.code(500).send({ error: 'internal', message: '服务器内部错误，已记录，请稍后再试。' });
    return;
  }
  const message = err.validation?.length
    ? describeIssue(err.validation[0] as AjvIssue, err.validationContext)
    : `请求内容无效：${describeFastifyError(err)}`;
  void reply.code(status).send({ error: CODES.get(status) ?? 'bad_request', message });
}
