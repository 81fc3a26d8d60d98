using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Fountain.Codec.Legacy;

/// <summary>
/// Rebuilds an archive from pastel-v0 blocks fed one at a time, in any order, by peeling (belief propagation):
/// a block whose selected symbols are all known but one reveals that one, which may in turn reduce other
/// waiting blocks to a single unknown. It stops as soon as every source symbol is known.
/// </summary>
/// <remarks>
/// Differences from the reference decoder, all on the side of refusing bad input: the reference takes K and
/// the symbol size from the first block it can parse, even one whose payload hash then fails; here only a fully
/// verified block fixes them, and a later block that disagrees is refused. Duplicates (same seed) are refused
/// instead of being added again. A demo-style file name is checked against the block (BlockHash) and against the
/// archive (FileHash); the header alone does not authenticate its own fields, so the archive hash, when known
/// from the constructor or from a file name, is checked once more in <see cref="GetArchive"/>.
/// Memory: the known symbols plus one payload copy per block still waiting, which the LT code keeps near K.
/// An instance is not thread-safe: one decode is fed from one thread (the codec dispatcher).
/// </remarks>
public sealed class PastelV0Decoder
{
    private readonly PastelV0Limits _limits;
    private readonly HashSet<uint> _seeds = [];
    private readonly Stack<(int Symbol, byte[] Data)> _ready = new();
    private string? _archiveSha3Hex;
    private PastelV0SymbolSelector? _selector;
    private byte[]?[] _symbols = [];
    private List<WaitingBlock>?[] _waiting = [];
    private int _known;

    /// <param name="limits">Limits on what a header may claim; <see cref="PastelV0Limits.Default"/> if null.</param>
    /// <param name="expectedArchiveSha3Hex">The artwork id (SHA3-256 of the archive, hex) when known, for example
    /// from a ticket: blocks named for another archive are refused and <see cref="GetArchive"/> verifies it.</param>
    public PastelV0Decoder(PastelV0Limits? limits = null, string? expectedArchiveSha3Hex = null)
    {
        _limits = limits ?? PastelV0Limits.Default;
        _limits.Validate();
        if (expectedArchiveSha3Hex is not null)
        {
            if (expectedArchiveSha3Hex.Length != PastelV0Format.HashBytes * 2
                || expectedArchiveSha3Hex.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEF"))
            {
                throw new ArgumentException("expected archive hash must be 64 hex digits", nameof(expectedArchiveSha3Hex));
            }

            _archiveSha3Hex = expectedArchiveSha3Hex.ToLowerInvariant();
        }
    }

    /// <summary>Archive length every accepted block agrees on (0 until one block is accepted).</summary>
    public long ArchiveLength { get; private set; }

    /// <summary>Payload (symbol) size every accepted block agrees on (0 until one block is accepted).</summary>
    public int PayloadBytes { get; private set; }

    /// <summary>K, the number of source symbols (0 until one block is accepted).</summary>
    public int SourceSymbols => _symbols.Length;

    /// <summary>Source symbols recovered so far.</summary>
    public int KnownSourceSymbols => _known;

    /// <summary>
    /// Accepted blocks that still cover two or more unknown symbols. Each block reveals at most one symbol in its
    /// life, so these can add at most this many to <see cref="KnownSourceSymbols"/>.
    /// </summary>
    public int UnresolvedBlocks { get; private set; }

    /// <summary>Blocks accepted (verified, consistent, not duplicates).</summary>
    public int AcceptedBlocks { get; private set; }

    /// <summary>The archive hash blocks are checked against: given, or learnt from the first demo-style name.</summary>
    public string? ArchiveSha3Hex => _archiveSha3Hex;

    /// <summary>True once every source symbol is known.</summary>
    public bool IsComplete => _symbols.Length > 0 && _known == _symbols.Length;

    /// <summary>
    /// Verifies one block (see <see cref="PastelV0Block.TryVerify"/>) and, if it belongs to this archive and is
    /// new, adds it. Returns false with a reason, and changes nothing, for a corrupted, truncated, foreign,
    /// inconsistent or duplicate block, or once the archive is complete.
    /// </summary>
    /// <param name="blockBytes">The whole block file. It is copied if kept.</param>
    /// <param name="fileName">The block's file name or path, if it has one.</param>
    public bool TryAdd(ReadOnlySpan<byte> blockBytes, string? fileName, [NotNullWhen(false)] out string? rejectionReason)
    {
        if (IsComplete)
        {
            rejectionReason = "not needed: the archive is already complete";
            return false;
        }

        if (!PastelV0Block.TryVerify(blockBytes, fileName, _limits, out var header, out var name, out rejectionReason))
        {
            return false;
        }

        if (name is not null && _archiveSha3Hex is not null && name.ArchiveSha3Hex != _archiveSha3Hex)
        {
            rejectionReason = $"belongs to another archive: its name says {name.ArchiveSha3Hex}, expected {_archiveSha3Hex}";
            return false;
        }

        if (_selector is not null && (header.ArchiveLength != ArchiveLength || header.PayloadBytes != PayloadBytes))
        {
            rejectionReason = string.Create(CultureInfo.InvariantCulture,
                $"inconsistent header: archive {header.ArchiveLength} bytes in {header.PayloadBytes}-byte symbols, but the accepted blocks say {ArchiveLength} in {PayloadBytes}");
            return false;
        }

        if (_seeds.Contains(header.Seed))
        {
            rejectionReason = string.Create(CultureInfo.InvariantCulture, $"duplicate: a block with seed {header.Seed} was already accepted");
            return false;
        }

        if (_selector is null)
        {
            Start(header);
        }

        _archiveSha3Hex ??= name?.ArchiveSha3Hex;
        _seeds.Add(header.Seed);
        AcceptedBlocks++;
        Add(header.Seed, blockBytes[PastelV0Format.HeaderBytes..]);
        return true;
    }

    /// <summary>
    /// The rebuilt archive: the known symbols in order, cut to the archive length (dropping the 0x30 padding).
    /// </summary>
    /// <exception cref="InvalidOperationException">The archive is not complete yet.</exception>
    /// <exception cref="InvalidDataException">The result does not hash to the expected archive hash, which means
    /// blocks with valid payload hashes but forged headers were fed in.</exception>
    public byte[] GetArchive()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the archive is not complete: {_known} of {_symbols.Length} source symbols known from {AcceptedBlocks} blocks"));
        }

        var archive = new byte[ArchiveLength];
        for (int i = 0; i < _symbols.Length; i++)
        {
            long offset = (long)i * PayloadBytes;
            int length = (int)Math.Min(PayloadBytes, ArchiveLength - offset);
            _symbols[i].AsSpan(0, length).CopyTo(archive.AsSpan((int)offset));
        }

        if (_archiveSha3Hex is not null)
        {
            string actual = Sha3.HashHex(archive);
            if (actual != _archiveSha3Hex)
            {
                throw new InvalidDataException($"the rebuilt archive hashes to {actual}, not to the expected {_archiveSha3Hex}");
            }
        }

        return archive;
    }

    private void Start(PastelV0Header header)
    {
        ArchiveLength = header.ArchiveLength;
        PayloadBytes = (int)header.PayloadBytes;
        int k = (int)header.SourceSymbols;
        _selector = new PastelV0SymbolSelector(k);
        _symbols = new byte[k][];
        _waiting = new List<WaitingBlock>?[k];
    }

    private void Add(uint seed, ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<int> selected = _selector!.Select(seed, out _);
        byte[] data = payload.ToArray();
        int unknown = 0, unknownXor = 0;
        foreach (int symbol in selected)
        {
            if (_symbols[symbol] is { } known)
            {
                Xor.Into(data, known);
            }
            else
            {
                unknown++;
                unknownXor ^= symbol;
            }
        }

        if (unknown == 0)
        {
            return; // Every symbol it covers is known already: consistent, but it adds nothing.
        }

        if (unknown == 1)
        {
            _ready.Push((unknownXor, data));
        }
        else
        {
            var waiting = new WaitingBlock(data, unknown, unknownXor);
            UnresolvedBlocks++;
            foreach (int symbol in selected)
            {
                if (_symbols[symbol] is null)
                {
                    (_waiting[symbol] ??= []).Add(waiting);
                }
            }
        }

        Peel();
    }

    private void Peel()
    {
        while (_ready.TryPop(out var item))
        {
            if (_symbols[item.Symbol] is not null)
            {
                continue;
            }

            _symbols[item.Symbol] = item.Data;
            _known++;
            List<WaitingBlock>? waiters = _waiting[item.Symbol];
            _waiting[item.Symbol] = null;
            if (waiters is null)
            {
                continue;
            }

            foreach (var waiter in waiters)
            {
                if (waiter.Unknown == 0)
                {
                    continue; // Already released: its data now is (or was offered as) a symbol.
                }

                Xor.Into(waiter.Data, item.Data);
                waiter.Unknown--;
                waiter.UnknownXor ^= item.Symbol;
                if (waiter.Unknown == 1)
                {
                    waiter.Unknown = 0;
                    UnresolvedBlocks--;
                    _ready.Push((waiter.UnknownXor, waiter.Data));
                }
            }
        }
    }

    /// <summary>A block with two or more unknown symbols: its payload with the known ones XORed out.</summary>
    private sealed class WaitingBlock(byte[] data, int unknown, int unknownXor)
    {
        public byte[] Data { get; } = data;

        /// <summary>Unknown symbols left; 0 once the block has been released as a symbol.</summary>
        public int Unknown { get; set; } = unknown;

        /// <summary>XOR of the unknown symbols' indices: the last unknown one when a single one is left.</summary>
        public int UnknownXor { get; set; } = unknownXor;
    }
}
