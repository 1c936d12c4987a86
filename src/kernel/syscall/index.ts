// Public face of the kernel for userland: the syscall API types and the ABI constants.
export * from './api';
export * from '../abi';
