export * from './backup';
export { decodeBackup, encodeBackup, type OnProgress, type Progress } from './codec';
export { BackupError, type BackupLimits } from './schema';
export * from './import-notes';
