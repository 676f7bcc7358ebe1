// The payment provider's webhook endpoint. The raw body is verified against its signature and
// timestamp before anything is read; each event is then applied once (a redelivery answers 200
// and changes nothing). A bad signature, a stale timestamp, a malformed body or an unknown
// payment is 400 with no detail, so a prober learns nothing.
import { handlePaymentWebhook, isDomainError, isWebhookVerificationError } from '@tiffin/domain';

import { getDb } from '../../../../server/db';
import { webLog } from '../../../../server/logger';
import { getPaymentProvider } from '../../../../server/payments';

/** Larger bodies are refused unread: no provider event comes near it. */
const MAX_BODY_BYTES = 64 * 1024;

const badRequest = () => Response.json({ error: 'invalid webhook' }, { status: 400 });

export async function POST(request: Request): Promise<Response> {
  const provider = getPaymentProvider();
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) return badRequest();
  const body = await request.text();
  if (body.length > MAX_BODY_BYTES) return badRequest();
  try {
    const event = provider.parseWebhook(body, request.headers.get(provider.signatureHeader));
    const outcome = await handlePaymentWebhook(getDb(), provider.name, event);
    const log = webLog().child({ provider: provider.name, eventId: event.eventId });
    if (outcome === 'paid_late_refunded') {
      log.warn('payment succeeded after its order was cancelled; refund requested', {
        providerRef: event.providerRef,
      });
    } else {
      log.info('payment webhook', { type: event.type, outcome });
    }
    return Response.json({ received: true, outcome });
  } catch (error) {
    if (isWebhookVerificationError(error) || isDomainError(error)) {
      webLog().warn('payment webhook refused', {
        reason: error instanceof Error ? error.message : 'unknown',
      });
      return badRequest();
    }
    throw error;
  }
}
