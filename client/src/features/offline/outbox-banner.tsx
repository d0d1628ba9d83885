import './offline.css';
import { navigate } from '../../router.js';
import { bannerText, waitingForOthers } from './replay-plan.js';
import { useOnline } from './use-online.js';
import { useOutbox, useReplay } from './use-outbox.js';

interface Props {
  /** The signed-in user whose session may send; null while locked or logged out (nothing is sent). */
  userId: number | null;
}

/**
 * The tablet's connection and its outbox in one line under the top bar: "Offline — 2 entries
 * waiting", "Sending 2 entries…", entries waiting for a nurse who is not logged in, and entries the
 * server refused (a link to the first such patient). Also runs the replay for the signed-in user.
 */
export function OutboxBanner({ userId }: Props) {
  const online = useOnline();
  const entries = useOutbox();
  const { sending } = useReplay(userId);
  const mine = entries.filter((e) => e.state === 'waiting' && e.userId === userId).length;
  const attention = entries.filter((e) => e.state === 'needs-attention' && e.userId === userId);
  const text = bannerText({
    online,
    sending,
    mine,
    others: waitingForOthers(entries, { userId }),
    attention: attention.length,
  });
  const first = attention[0];
  return (
    <div className={`outbox-banner${text ? ' shown' : ''}${online ? '' : ' offline'}`} role="status" aria-live="polite">
      {text && (
        <p>
          <span data-testid="outbox-banner-text">{text}</span>
          {first && (
            <>
              {' '}
              <a
                href={`/admissions/${first.admissionId}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/admissions/${first.admissionId}`);
                }}
              >
                Review
              </a>
            </>
          )}
        </p>
      )}
    </div>
  );
}
