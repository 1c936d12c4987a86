// The ABI: numbers and texts copied from Linux uapi headers and glibc. No logic beyond lookups.
export * from './errno';
export * from './signal';
export * from './flags';
export * from './termios';
