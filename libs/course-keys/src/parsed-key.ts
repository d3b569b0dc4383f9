import type { KeyKind } from './key.types';

/**
 * The one runtime shape behind every key type: all keys share these fields (null where they
 * do not apply), which keeps property access monomorphic on the hot path. The exported
 * interfaces in key.types.ts give each kind its precise type.
 */
export class ParsedKey {
  constructor(
    readonly kind: KeyKind,
    readonly org: string | null,
    readonly course: string | null,
    readonly run: string | null,
    readonly branch: string | null,
    readonly versionGuid: string | null,
    readonly ccx: string | null,
    readonly slug: string | null,
    readonly blockType: string | null,
    readonly blockId: string | null,
    readonly asideType: string | null,
    readonly deprecated: boolean,
    private readonly canonical: string,
  ) {}

  toString(): string {
    return this.canonical;
  }

  toJSON(): string {
    return this.canonical;
  }
}
