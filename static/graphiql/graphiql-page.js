/* global window, document, React, ReactDOM, GraphiQL */
// GraphiQL for this service's /graphql: React, ReactDOM and GraphiQL are the scripts this server serves beside this
// one, loaded by the page before it.
'use strict';

const DEFAULT_QUERY = `# Every operation needs a bearer token.
# Under Headers, below, enter
#
#   {"authorization": "Bearer <token>"}
#
# A token for customer c-1 of tenant demo:
#   npm run token -- --sub c-1 \\
#     --tenant demo --role customer
#
# The schema then loads, and queries,
# mutations and subscriptions carry it.

query RecentOrders {
  orders(first: 5) {
    items { id status total }
    nextCursor
  }
}
`;

const endpoint = new URL('/graphql', window.location.href);
// Subscriptions run over graphql-ws on the same path; GraphiQL sends the Headers pane as the socket's
// connection_init payload, which is where the service reads a socket's token.
const socket = new URL(endpoint);
socket.protocol = endpoint.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = GraphiQL.createFetcher({ url: endpoint.href, subscriptionUrl: socket.href });

/** Whether the Headers pane's text names an authorization header. */
function carriesToken(headers) {
  try {
    const parsed = JSON.parse(headers || '{}');
    return Object.keys(parsed ?? {}).some((name) => name.toLowerCase() === 'authorization');
  } catch {
    return false;
  }
}

// The schema is read by a request like any other, which the service refuses without a token: GraphiQL is given no
// schema (null) until the Headers pane holds one, then reads it (undefined).
function OrdersGraphiQL() {
  const [signedIn, setSignedIn] = React.useState(() => carriesToken(window.localStorage.getItem('graphiql:headers')));
  return React.createElement(GraphiQL, {
    fetcher,
    schema: signedIn ? undefined : null,
    onEditHeaders: (headers) => setSignedIn(carriesToken(headers)),
    defaultQuery: DEFAULT_QUERY,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: true,
  });
}

ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(OrdersGraphiQL));
