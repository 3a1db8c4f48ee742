"""RFC 6962 / RFC 9162 Merkle tree checks in plain Python (hashlib only), for
the interop tests: an independent verifier of the hub's signed checkpoints
and proofs, written from the RFCs' definitions (recursive, not the RFC 9162
iterative algorithm that hub/log/merkle_verify.cc and tools/verifier/ use).

The leaf bytes are the change-log event exactly as the hub stores it (the
InclusionProof's event_bytes, a serialized hub.v1.ChangeEvent); the signed
checkpoint text is four lines (tools/verifier/verifier.h):

    reform-hub checkpoint v1
    size <tree size>
    root <lowercase hex>
    time <UTC micros>
"""

import hashlib


# RFC 6962 section 2.1 / RFC 9162 section 2.1: leaf = SHA-256(0x00 || leaf
# bytes) where the leaf bytes are the event as the hub stores it (the
# InclusionProof's event_bytes); node = SHA-256(0x01 || left || right);
# MTH of n > 1 leaves splits at k, the largest power of two below n.

class ProofError(Exception):
    pass


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def split(n):
    """k: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def mth(leaf_hashes):
    """MTH(D[0:n]) from the leaf hashes."""
    n = len(leaf_hashes)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaf_hashes[0]
    k = split(n)
    return node_hash(mth(leaf_hashes[:k]), mth(leaf_hashes[k:]))


def root_from_inclusion(index, size, leaf, path):
    """The root that PATH(index, D[0:size]) (RFC 6962 2.1.1: the sibling of
    the leaf first, the top-level sibling last) leads to from leaf hash."""
    if not 0 <= index < size:
        raise ProofError("index %d is not in a tree of %d" % (index, size))
    if size == 1:
        if path:
            raise ProofError("proof is longer than the tree is deep")
        return leaf
    if not path:
        raise ProofError("proof is shorter than the tree is deep")
    k = split(size)
    if index < k:
        return node_hash(root_from_inclusion(index, k, leaf, path[:-1]), path[-1])
    return node_hash(path[-1], root_from_inclusion(index - k, size - k, leaf,
                                                   path[:-1]))


def check_inclusion(index, size, event_bytes, path, root):
    got = root_from_inclusion(index, size, leaf_hash(event_bytes), list(path))
    if got != root:
        raise ProofError("path leads to %s, not %s" % (got.hex(), root.hex()))


def _subproof(m, n, complete, proof, old_root):
    """Inverts SUBPROOF(m, D[0:n], complete) of RFC 6962 2.1.2: returns
    (hash of the old tree's leaves in this subtree, hash of this subtree)."""
    if m == n:
        if complete:  # the old tree is this whole subtree: its root is known
            if proof:
                raise ProofError("proof is longer than expected")
            return old_root, old_root
        if len(proof) != 1:
            raise ProofError("proof has %d nodes where 1 is due" % len(proof))
        return proof[0], proof[0]
    if not proof:
        raise ProofError("proof is shorter than expected")
    k = split(n)
    if m <= k:  # old leaves all left; the right subtree D[k:n] is new
        old, new = _subproof(m, k, complete, proof[:-1], old_root)
        return old, node_hash(new, proof[-1])
    # the left subtree D[0:k] is complete in both trees
    old, new = _subproof(m - k, n - k, False, proof[:-1], old_root)
    return node_hash(proof[-1], old), node_hash(proof[-1], new)


def check_consistency(old_size, new_size, old_root, new_root, path):
    path = list(path)
    if old_size > new_size:
        raise ProofError("old size %d > new size %d" % (old_size, new_size))
    if old_size == new_size or old_size == 0:
        if path:
            raise ProofError("expected an empty proof")
        if old_size == new_size and old_root != new_root:
            raise ProofError("same size, different roots")
        return
    old, new = _subproof(old_size, new_size, True, path, old_root)
    if old != old_root:
        raise ProofError("the old tree is not a prefix of the new one")
    if new != new_root:
        raise ProofError("the proof does not lead to the new root")


def checkpoint_text(cp):
    """The text the hub signs: four lines (tools/verifier/verifier.h)."""
    return ("reform-hub checkpoint v1\nsize %d\nroot %s\ntime %d\n"
            % (cp.tree_size, cp.root_hash.hex(), cp.time_micros))


def tampered(data, bit=0):
    out = bytearray(data)
    out[bit // 8] ^= 1 << (bit % 8)
    return bytes(out)
