using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Lt;

/// <summary>
/// Makes v1 blocks of one archive. The encoder itself is immutable and shared between threads; each thread
/// makes blocks through its own <see cref="Worker"/>, which owns the scratch memory, so that encoding
/// allocates nothing per symbol or per block. Blocks are produced one at a time: the 12x set never exists
/// in memory at once.
/// </summary>
public sealed class LtEncoder
{
    private readonly ReadOnlyMemory<byte> _archive;
    private readonly RobustSoliton _degrees;

    public LtEncoder(Hash256 artworkId, ReadOnlyMemory<byte> archive, LtParameters parameters)
    {
        if (archive.Length != parameters.ArchiveLength)
            throw new ArgumentException($"The archive has {archive.Length} bytes but the parameters describe {parameters.ArchiveLength}.", nameof(archive));
        ArtworkId = artworkId;
        Parameters = parameters;
        _archive = archive;
        _degrees = new RobustSoliton(parameters.SourceSymbols, parameters.C, parameters.Delta);
    }

    public Hash256 ArtworkId { get; }
    public LtParameters Parameters { get; }

    /// <summary>
    /// The seed of block <paramref name="index"/>: output number <paramref name="index"/> of SplitMix64 seeded with
    /// the artwork id's first 8 bytes. Decoders read the seed from the header and do not depend on this rule;
    /// it only makes re-encoding reproducible.
    /// </summary>
    public static ulong BlockSeedFor(Hash256 artworkId, uint index) => SplitMix64.Nth(artworkId.Prefix64, index);

    public Worker CreateWorker() => new(this);

    /// <summary>
    /// One thread's block factory. Its <see cref="Block"/> buffer is overwritten by the next call.
    ///
    /// A block's symbols together have tens of thousands of neighbours spread over the whole archive. Gathering
    /// them symbol by symbol reads the archive in random order, which is bound by memory latency. Instead the
    /// worker lists every (source, symbol) edge of the block, sorts the edges by source with a counting sort, and
    /// XORs each source symbol into the symbols that use it: the archive is then read in ascending address order,
    /// and the scattered writes land in the block, which stays in cache.
    /// </summary>
    public sealed class Worker
    {
        private readonly LtEncoder _encoder;
        private readonly NeighbourSampler _sampler;
        private readonly int[] _neighbours;
        private readonly byte[] _block;
        private readonly int[] _edgesPerSource;   // counts, then bucket ends
        private int[] _edgeSource = new int[64 * 1024];
        private int[] _edgeSymbol = new int[64 * 1024];
        private int[] _sortedSymbol = new int[64 * 1024];

        internal Worker(LtEncoder encoder)
        {
            _encoder = encoder;
            _sampler = new NeighbourSampler(encoder._degrees);
            _neighbours = new int[encoder.Parameters.SourceSymbols];
            _block = new byte[BlockHeader.Size + encoder.Parameters.BlockPayloadBytes];
            _edgesPerSource = new int[encoder.Parameters.SourceSymbols + 1];
        }

        /// <summary>The last block made: header and payload, ready to write.</summary>
        public ReadOnlySpan<byte> Block => _block;

        /// <summary>Makes block <paramref name="index"/> (1-based) into <see cref="Block"/> and returns its header and id.</summary>
        public (BlockHeader Header, Hash256 BlockId) Encode(uint index)
        {
            if (index == 0) throw new ArgumentOutOfRangeException(nameof(index), "Block indices start at 1.");
            var p = _encoder.Parameters;
            var header = new BlockHeader(_encoder.ArtworkId, p, index, BlockSeedFor(_encoder.ArtworkId, index));
            header.WriteTo(_block);
            int edges = ListEdges(header.BlockSeed);
            SortEdgesBySource(edges);
            ScatterSources(edges, _block.AsSpan(BlockHeader.Size));
            // One pass of SHA3 over the finished block: every byte is hashed once, never twice.
            return (header, Sha3.Hash(_block));
        }

        private int ListEdges(ulong blockSeed)
        {
            var p = _encoder.Parameters;
            int edges = 0;
            for (int j = 0; j < p.SymbolsPerBlock; j++)
            {
                int degree = _sampler.Sample(SplitMix64.Nth(blockSeed, (ulong)j), _neighbours);
                EnsureEdgeCapacity(edges + degree);
                for (int i = 0; i < degree; i++)
                {
                    _edgeSource[edges] = _neighbours[i];
                    _edgeSymbol[edges++] = j;
                }
            }
            return edges;
        }

        private void SortEdgesBySource(int edges)
        {
            var ends = _edgesPerSource;
            Array.Clear(ends);
            for (int e = 0; e < edges; e++) ends[_edgeSource[e] + 1]++;
            for (int s = 1; s < ends.Length; s++) ends[s] += ends[s - 1];
            // ends[s] is now where source s's edges start; filling advances it to where they end.
            for (int e = 0; e < edges; e++) _sortedSymbol[ends[_edgeSource[e]]++] = _edgeSymbol[e];
        }

        private void ScatterSources(int edges, Span<byte> payload)
        {
            int t = _encoder.Parameters.SymbolBytes;
            var archive = _encoder._archive.Span;
            payload.Clear();
            int e = 0;
            for (int source = 0; source < _encoder.Parameters.SourceSymbols && e < edges; source++)
            {
                int end = _edgesPerSource[source];
                if (e == end) continue;
                long offset = (long)source * t;
                // The last source symbol may be short: its missing bytes are the zero padding, and XOR with zero is a no-op.
                int available = (int)Math.Min(t, archive.Length - offset);
                var sourceBytes = archive.Slice((int)offset, Math.Max(0, available));
                for (; e < end; e++)
                    if (available > 0) Xor.Into(payload.Slice(_sortedSymbol[e] * t, available), sourceBytes);
            }
        }

        private void EnsureEdgeCapacity(int needed)
        {
            if (needed <= _edgeSource.Length) return;
            int size = Math.Max(needed, _edgeSource.Length * 2);
            Array.Resize(ref _edgeSource, size);
            Array.Resize(ref _edgeSymbol, size);
            Array.Resize(ref _sortedSymbol, size);
        }
    }
}
