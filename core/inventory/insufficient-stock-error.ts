import { AppError } from '../errors.ts';

/** Raised when a reservation or stock move would take more than a location holds: never oversell. */
export class InsufficientStockError extends AppError {
  readonly skuCode: string;
  readonly locationCode: string;
  readonly requested: number;
  readonly available: number;

  constructor(context: { skuCode: string; locationCode: string; status?: string; requested: number; available: number }) {
    super(
      'conflict',
      `insufficient ${context.status ?? 'available'} stock of ${context.skuCode} at ${context.locationCode}: requested ${context.requested}, have ${context.available}`,
      context,
    );
    this.skuCode = context.skuCode;
    this.locationCode = context.locationCode;
    this.requested = context.requested;
    this.available = context.available;
  }
}
