/** What the ticket core needs to know about the desk; server.ts fills it from the configuration. */
export type TicketSettings = {
  /** The address customers write to and our messages come from. */
  deskAddress: string;
  firstReplyHours: number;
  ackLimitPerHour: number;
  publicUrl: string;
  /** Signs the status-page links printed in acknowledgements (status-link.ts). */
  statusLinkSecret: string;
};
