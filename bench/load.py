"""bench/load: the benchmarks' load generator. A fixed number of requests from N client
threads in this process; with several servers, client i talks to server i mod n. It also
counts the CPU its threads used, since they share the machine's cores with the servers."""

import http.client
import threading
import time


def drive(bases, request_for, *, attempts, clients):
    """Send `attempts` requests from `clients` threads, each thread over one keep-alive
    connection (http.client reconnects when gunicorn's sync workers close it).
    `request_for(number)` gives (method, path, body, headers) for request `number`.

    Returns (results, client CPU seconds): one (sent, answered, http status, body) per
    request, times in seconds from the start; http status None is a socket error."""
    numbers = iter(range(attempts))
    lock = threading.Lock()
    results = []
    cpu_seconds = []
    start_line = threading.Barrier(clients + 1)
    start = 0.0

    def client(base):
        host, port = base.removeprefix("http://").split(":")
        own = []
        connection = http.client.HTTPConnection(host, int(port), timeout=60)
        start_line.wait()
        cpu_at_start = time.thread_time()
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                break
            method, path, body, headers = request_for(number)
            sent = time.perf_counter()
            try:
                connection.request(method, path, body, headers)
                response = connection.getresponse()
                payload = response.read()
                code = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                code, payload = None, b""
            own.append((sent - start, time.perf_counter() - start, code, payload))
        connection.close()
        with lock:
            results.extend(own)
            cpu_seconds.append(time.thread_time() - cpu_at_start)

    threads = [
        threading.Thread(target=client, args=(bases[number % len(bases)],))
        for number in range(clients)
    ]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    start_line.wait()
    for thread in threads:
        thread.join()
    return results, sum(cpu_seconds)
