/**
 * A local SMTP server that accepts and discards mail, run as its own process
 * (as a real mail server would be), so the benchmark's process does only the
 * sending. It tells its parent its port, and the count of messages on request.
 */
import { SMTPServer } from 'smtp-server';

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      count++;
      callback();
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  process.send!({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (m: { ask?: 'count' | 'close' }) => {
  if (m.ask === 'count') process.send!({ count });
  if (m.ask === 'close') server.close(() => process.exit(0));
});
