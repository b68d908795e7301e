"""Mine data: a citizen's right of access and erasure (GDPR art. 15 and 17), reached by a
signed link mailed to the address, no account needed."""
