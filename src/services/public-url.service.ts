import { findDeploymentSetting, saveDeploymentSetting } from '../db/repositories/deployment-settings.repository.js';
import type { ServiceContext } from './context.js';

/**
 * The address links in messages point to (`context.config.PUBLIC_URL`), the same in every process.
 * Given as PUBLIC_URL, it is used as is. Unset, the API process knows it only once it listens (PORT=0
 * picks a free port): it then uses http://localhost:<port> and records it here, and a process without
 * the API role (a worker sending the messages of cases it moves on) reads it, instead of guessing
 * http://localhost:<its own PORT>, which pointed at nothing when the API ran on another port.
 */
const KEY = 'public_url';

/** Makes `url` this process's link base (the config is frozen: the context gets a copy). */
export function usePublicUrl(context: ServiceContext, url: string): void {
  if (context.config.PUBLIC_URL === url) return;
  context.config = Object.freeze({ ...context.config, PUBLIC_URL: url });
}

/** The API process records the address it serves under, for processes without the API role. */
export async function recordPublicUrl(context: ServiceContext, url: string): Promise<void> {
  await saveDeploymentSetting(context.db, KEY, url, context.clock.now());
}

export async function storedPublicUrl(context: ServiceContext): Promise<string | null> {
  return findDeploymentSetting(context.db, KEY);
}

/**
 * For a process without the API role and without PUBLIC_URL: takes the recorded address now and
 * again every `everyMs` (an API restarted on another port is followed). Until an API has recorded
 * one, links use http://localhost:PORT, and a warning says so.
 */
export async function followPublicUrl(context: ServiceContext, everyMs: number): Promise<{ stop(): void }> {
  const refresh = async () => {
    const url = await storedPublicUrl(context).catch(() => null);
    if (url) usePublicUrl(context, url);
    return url;
  };
  if (!(await refresh()))
    context.logger.warn(
      { publicUrl: context.config.PUBLIC_URL },
      'PUBLIC_URL is not set and no API process has recorded its address yet: links in messages use this address until one does',
    );
  const timer = setInterval(() => void refresh(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
