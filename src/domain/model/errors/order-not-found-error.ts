export class OrderNotFoundError {
  readonly code = 'ORDER_NOT_FOUND';
  constructor(readonly orderId: string) {}
  get message(): string {
    return `Order ${this.orderId} does not exist`;
  }
}
