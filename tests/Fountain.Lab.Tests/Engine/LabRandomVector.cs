namespace Fountain.Lab.Tests.Engine;

/// <summary>The generator's reference outputs, produced by cluster-lab/labrandom.py (an independent transcription).</summary>
internal static class LabRandomVector
{
    public static readonly ulong[] First3ForSeed42Run1 = [6792170623759708947UL, 17033946117779735819UL, 6978040703826199288UL];
}
