namespace Fountain.Lab.Models.Challenges;

/// <summary>How a masternode treats the blocks it was given (fountain-blocks.txt, storage challenges).</summary>
public enum NodeBehaviour
{
    /// <summary>Stores every block and answers from its disk.</summary>
    Honest,

    /// <summary>Stores only a fraction of its blocks, hoping the challenged one is among them.</summary>
    Lazy,

    /// <summary>Stores nothing and fetches a challenged block from another holder on demand, racing the deadline.</summary>
    Outsourcing,

    /// <summary>Stores everything but is often offline.</summary>
    Flaky,
}
