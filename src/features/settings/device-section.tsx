import { useEffect, useState } from 'react';
import { APP_VERSION } from '../../services/app-version';
import { formatBytes, getStorageInfo, type StorageInfo } from '../../services/storage';

/** "This device": the app's version and the browser storage it uses (persisted, usage, quota). */
export function DeviceSection() {
  const [info, setInfo] = useState<StorageInfo | null>(null);
  useEffect(() => {
    let live = true;
    void getStorageInfo().then((next) => live && setInfo(next));
    return () => {
      live = false;
    };
  }, []);
  const persisted =
    info?.persisted == null
      ? 'unknown'
      : info.persisted
        ? 'yes: the browser will not clear it to free space'
        : 'not yet: the browser may clear it when the device runs out of space (export a backup now and then)';
  return (
    <section aria-labelledby="device-title" className="device-section">
      <h2 id="device-title">This device</h2>
      <dl>
        <dt>App version</dt>
        <dd data-testid="app-version">{APP_VERSION}</dd>
        <dt>Storage kept permanently</dt>
        <dd>{info ? persisted : 'checking…'}</dd>
        <dt>Storage used</dt>
        <dd>
          {info?.usage == null ? (info ? 'unknown' : 'checking…') : formatBytes(info.usage)}
          {info?.quota == null ? '' : ` of ${formatBytes(info.quota)} available`}
        </dd>
      </dl>
    </section>
  );
}
