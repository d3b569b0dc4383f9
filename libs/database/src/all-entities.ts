/**
 * Every entity of the platform, for tools that need them all at once (migration generation,
 * the schema catalogue check). Apps register entities per module with `forFeature`.
 */
export const ALL_ENTITIES: (new () => object)[] = [];
