namespace Fountain.Codec.Legacy;

/// <summary>
/// Receives one encoded pastel-v0 block and the demo-style file name it should be stored under. The span is only
/// valid during the call (the encoder reuses one buffer for every block, so that a 12x encode never holds more
/// than one block in memory); a sink that keeps the bytes must copy them.
/// </summary>
public delegate void PastelV0BlockSink(string fileName, ReadOnlySpan<byte> blockBytes);
