"""What every scripted test server does the same way: tell the test its
port, and end by itself after its lifetime, its clients cancelled."""
import asyncio
import os


def write_port_file(path, port):
    """Atomically, so the test never reads half a number."""
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(f"{port}\n")
    os.replace(tmp, path)


async def serve_for(server, stop, lifetime, tasks):
    """Serves until stop is set or lifetime seconds pass, then closes the
    server and cancels the client tasks."""
    try:
        await asyncio.wait_for(stop.wait(), lifetime)
    except asyncio.TimeoutError:
        pass
    server.close()
    for t in list(tasks):
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
