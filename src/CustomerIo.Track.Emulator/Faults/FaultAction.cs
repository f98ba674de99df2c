namespace CustomerIo.Track.Emulator.Faults;

/// <summary>
/// What the pipeline must do to one request, decided by the FaultBook: wait first (stall), then
/// either answer in its place (Reply/Drop/redirect) or go on, possibly with batch items marked invalid.
/// </summary>
public sealed class FaultAction
{
    public int StallMs { get; set; }
    /// <summary>Abort the connection without answering.</summary>
    public bool Drop { get; set; }
    /// <summary>Answer with this instead of handling the request.</summary>
    public Http.Reply? Reply { get; set; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<int> InvalidItems { get; } = new();
    public string? ItemsReason { get; set; }

    public bool Terminal => Drop || Reply is not null;
}
