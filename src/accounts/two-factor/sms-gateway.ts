/** Where SMS codes leave the desk: a 0600 outbox file in development, an operator's HTTP gateway in production. */
export type SmsGateway = {
  send(to: string, text: string): Promise<void>;
  /** Set on a desk without a gateway: SMS two-factor is not offered, so no code is ever made for it. */
  readonly off?: true;
};
