"""Annotating on a Dask cluster: the same records as a local run, computed on many machines.

Optional extra: ``pip install "claimattr[dask]"``. The pipeline is scattered to every worker once
(``client.scatter(..., broadcast=True)``); each worker deserialises it once and every batch it
runs uses that copy, so no model is loaded per article or per batch. Batches are submitted with
a bounded number in flight and collected in input order, so the client reads its input only as
fast as the cluster annotates it and writes the output as a local run does (``--resume`` works
the same).

A local cluster: ``connect("local", n_workers=4)``. A running scheduler: ``connect("tcp://host:8786")``.
SLURM/PBS (dask-jobqueue) or Kubernetes (dask-kubernetes): build the cluster, then pass
``distributed.Client(cluster)`` to :func:`claimattr.batch.annotate_files` (``client=``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator

from claimattr.errors import ClaimattrError
from claimattr.parallel import Task, annotate_pairs, batched, ordered

if TYPE_CHECKING:
    import distributed

    from claimattr.pipeline import Pipeline

#: Batches in flight per worker thread.
BATCHES_PER_THREAD = 2


def _client_class() -> type[distributed.Client]:
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClaimattrError('Dask is not installed: pip install "claimattr[dask]"') from exc
    return Client


def connect(address: str, n_workers: int = 2) -> distributed.Client:
    """A Dask client: ``"local"`` starts a local cluster of ``n_workers`` single-threaded worker
    processes (the pipeline is pure Python: threads would share one core), anything else is a
    scheduler address such as ``tcp://10.0.0.5:8786``."""
    client_class = _client_class()
    if address == "local":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return client_class(cluster)
    return client_class(address)


def close(client: distributed.Client) -> None:
    """Close a client made by :func:`connect`, and its local cluster if it started one."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def scatter_pipeline(client: distributed.Client, pipeline: Pipeline) -> distributed.Future:
    """Send the pipeline to every worker once; tasks given the returned future share that copy."""
    return client.scatter(pipeline, broadcast=True, hash=False)


def dask_map(client: distributed.Client, pipeline: Pipeline, items: Iterable[Any], batch_size: int = 64,
             task: Task = annotate_pairs) -> Iterator[Any]:
    """The result of every item, computed by ``task`` on the cluster a batch at a time, yielded
    in input order.

    The number of batches in flight follows the worker threads present at the start: scale the
    cluster up before calling this.
    """
    client.wait_for_workers(1)
    shared = scatter_pipeline(client, pipeline)
    threads = max(1, sum(client.nthreads().values()))
    yield from ordered(lambda batch: client.submit(task, shared, batch, pure=False),
                       batched(items, batch_size), window=BATCHES_PER_THREAD * threads)
