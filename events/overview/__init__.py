"""Mit overblik: the start page a logged-in staff member lands on. It lives in events, the
rightmost app, because it shows what waits in every app (cases, voices, join requests,
theme days) and may import from all of them without turning a dependency around."""
