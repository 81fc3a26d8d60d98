namespace Fountain.Actors.TestKit;

/// <summary>A test-kit expectation that was not met (any test framework reports it as a failure).</summary>
public sealed class TestKitAssertionException(string message, Exception? inner = null) : Exception(message, inner);
