/**
 * An OpenAI-compatible server on 127.0.0.1 for tests: `/v1/chat/completions`
 * and `/v1/models`, answering from a script, recording every request, and
 * failing on demand (429 with retry-after, 500, hangs, malformed JSON,
 * servers without structured output).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedAnswer =
  | { kind: 'json'; summary: string; figures?: string[]; usage?: number }
  | { kind: 'text'; content: string; usage?: number }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'broken-body' };

export interface RecordedRequest {
  path: string;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    max_tokens?: number;
    response_format?: { type: string };
    tools?: unknown;
    [k: string]: unknown;
  };
}

export interface FakeOpenAiServer {
  baseURL: string;
  requests: RecordedRequest[];
  /** Answers used in order; when empty, `fallbackAnswer` answers. */
  script(...answers: ScriptedAnswer[]): void;
  /** Forget scripted answers and recorded requests (between tests). */
  reset(): void;
  fallbackAnswer: ScriptedAnswer;
  /** When set and the script is empty, answers computed from the request (benchmarks). */
  responder: ((body: RecordedRequest['body']) => ScriptedAnswer) | null;
  /** Reject `response_format` with 400, as servers without structured output do. */
  rejectStructuredOutput: boolean;
  close(): Promise<void>;
}

function completion(content: string, usage: number, model: string): unknown {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: Math.floor(usage * 0.8),
      completion_tokens: usage - Math.floor(usage * 0.8),
      total_tokens: usage,
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: ScriptedAnswer[] = [];
  const hanging = new Set<ServerResponse>();
  const state: FakeOpenAiServer = {
    baseURL: '',
    requests: [],
    script: (...answers) => void queue.push(...answers),
    reset: () => {
      queue.length = 0;
      state.requests.length = 0;
      state.rejectStructuredOutput = false;
      state.responder = null;
    },
    fallbackAnswer: {
      kind: 'status',
      status: 500,
      body: { error: { message: 'no scripted answer' } },
    },
    rejectStructuredOutput: false,
    responder: null,
    close: async () => {
      for (const r of hanging) r.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method === 'GET' && path === '/v1/models') {
        json(res, 200, {
          object: 'list',
          data: [{ id: 'fake-model', object: 'model', owned_by: 'tests' }],
        });
        return;
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        json(res, 404, { error: { message: `no route ${req.method} ${path}` } });
        return;
      }
      const raw = await readBody(req);
      const body = JSON.parse(raw) as RecordedRequest['body'];
      state.requests.push({ path, body });
      if (state.rejectStructuredOutput && body.response_format) {
        json(res, 400, {
          error: {
            message: "Unsupported parameter: 'response_format' json_schema",
            type: 'invalid_request_error',
          },
        });
        return;
      }
      const answer = queue.shift() ?? state.responder?.(body) ?? state.fallbackAnswer;
      const model = body.model ?? 'fake-model';
      switch (answer.kind) {
        case 'json':
          json(
            res,
            200,
            completion(
              JSON.stringify({ summary: answer.summary, figures: answer.figures ?? [] }),
              answer.usage ?? 100,
              model,
            ),
          );
          return;
        case 'text':
          json(res, 200, completion(answer.content, answer.usage ?? 100, model));
          return;
        case 'status':
          json(
            res,
            answer.status,
            answer.body ?? { error: { message: `status ${answer.status}` } },
            answer.headers ?? {},
          );
          return;
        case 'hang':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        case 'broken-body':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id": "chatcmpl-1", "choices": [ {"message": ');
          return;
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseURL = `http://127.0.0.1:${port}/v1`;
  return state;
}
