/** Where SMS codes leave the desk: a log in development, an operator's HTTP gateway in production. */
export type SmsGateway = {
  send(to: string, text: string): Promise<void>;
};
