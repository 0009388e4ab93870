/** Plain JSON values: what flows between layers, into traces and onto disk. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
