"""Results remembered per object."""

from __future__ import annotations

from quartierboards.memo import IdentityMemo


def test_results_are_remembered_per_object_and_key_parts():
    memo: IdentityMemo[str] = IdentityMemo(limit=10)
    made: list[str] = []

    def make(text: str):
        return lambda: made.append(text) or text.upper()

    a, b = ["same"], ["same"]  # equal, not the same object
    assert memo.get(a, 1, make("a1")) == "A1"
    assert memo.get(a, 1, make("again")) == "A1"
    assert memo.get(a, 2, make("a2")) == "A2"
    assert memo.get(b, 1, make("b1")) == "B1"
    assert made == ["a1", "a2", "b1"]


def test_a_full_memo_starts_over():
    memo: IdentityMemo[int] = IdentityMemo(limit=2)
    objects = [object() for _ in range(3)]
    calls = []
    for n, obj in enumerate(objects):
        memo.get(obj, None, lambda n=n: calls.append(n) or n)
    assert memo.get(objects[2], None, lambda: calls.append("again") or -1) == 2
    assert memo.get(objects[0], None, lambda: calls.append("made again") or 0) == 0
    assert calls == [0, 1, 2, "made again"]


def test_a_build_that_ends_lets_go_of_its_results_but_not_of_those_kept_across_builds():
    from quartierboards.memo import end_of_build

    build: IdentityMemo[int] = IdentityMemo(limit=10)
    across: IdentityMemo[int] = IdentityMemo(limit=10, across_builds=True)
    obj = object()
    build.get(obj, None, lambda: 1)
    across.get(obj, None, lambda: 2)
    end_of_build()
    assert len(build) == 0, "an earlier build's objects are not held on to"
    assert len(across) == 1
    assert across.get(obj, None, lambda: -1) == 2
