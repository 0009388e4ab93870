import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { InputError } from '../../core/errors.js';
import type { Json } from '../../core/json.js';
import { checkConfig, paramViews, type TransformerConfig } from './transformer.js';

/**
 * One checkpoint file: `MCT1`, a 4-byte header length, a JSON header (config, vocabulary,
 * training metadata), then raw little-endian float32 arrays: the parameters and, for
 * resumable checkpoints, Adam's two moments. Floats are stored as their bits, so a
 * save/load round trip (and a resumed run) is exact.
 */
export interface Checkpoint {
  config: TransformerConfig;
  vocab: string[];
  params: Float32Array;
  /** Present in resumable checkpoints. */
  adam?: { step: number; m: Float32Array; v: Float32Array };
  /** Free-form provenance: command, data hash, training curve, format, objective... */
  meta: Record<string, Json>;
}

const MAGIC = 'MCT1';

export function encodeCheckpoint(ckpt: Checkpoint): Buffer {
  const header = Buffer.from(JSON.stringify({
    config: ckpt.config,
    vocab: ckpt.vocab,
    adamStep: ckpt.adam?.step ?? null,
    floats: ckpt.params.length,
    meta: ckpt.meta,
  }), 'utf8');
  // Pad the header so the float arrays start 4-byte aligned.
  const pad = (4 - ((8 + header.length) % 4)) % 4;
  const arrays = ckpt.adam ? [ckpt.params, ckpt.adam.m, ckpt.adam.v] : [ckpt.params];
  const out = Buffer.alloc(8 + header.length + pad + arrays.length * ckpt.params.length * 4);
  out.write(MAGIC, 0, 'ascii');
  out.writeUInt32LE(header.length + pad, 4);
  header.copy(out, 8);
  out.fill(0x20, 8 + header.length, 8 + header.length + pad);
  let at = 8 + header.length + pad;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, at);
    at += a.byteLength;
  }
  return out;
}

export function decodeCheckpoint(data: Uint8Array, source = 'checkpoint'): Checkpoint {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 8 || buf.toString('ascii', 0, 4) !== MAGIC) throw new InputError(`${source} is not a metacot model checkpoint (no ${MAGIC} header)`);
  const headerLength = buf.readUInt32LE(4);
  const header = JSON.parse(buf.toString('utf8', 8, 8 + headerLength)) as {
    config: TransformerConfig; vocab: string[]; adamStep: number | null; floats: number; meta: Record<string, Json>;
  };
  checkConfig(header.config);
  const floats = header.floats;
  const expected = paramViews(header.config).buffer.length;
  if (floats !== expected) throw new InputError(`${source}: ${floats} parameters stored, its config needs ${expected}`);
  const start = 8 + headerLength;
  const arrays = header.adamStep === null ? 1 : 3;
  if (buf.length !== start + arrays * floats * 4) throw new InputError(`${source} is truncated or corrupt (${buf.length} bytes)`);
  const read = (k: number) => {
    const out = new Float32Array(floats);
    new Uint8Array(out.buffer).set(buf.subarray(start + k * floats * 4, start + (k + 1) * floats * 4));
    return out;
  };
  const ckpt: Checkpoint = { config: header.config, vocab: header.vocab, params: read(0), meta: header.meta };
  if (header.adamStep !== null) ckpt.adam = { step: header.adamStep, m: read(1), v: read(2) };
  return ckpt;
}

/** Writes atomically (temp file, then rename) so an interrupted run never leaves half a checkpoint. */
export function saveCheckpoint(path: string, ckpt: Checkpoint): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, encodeCheckpoint(ckpt));
  renameSync(tmp, path);
}

export function loadCheckpoint(path: string): Checkpoint {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    throw new InputError(`cannot read model checkpoint ${path}`);
  }
  return decodeCheckpoint(data, path);
}
