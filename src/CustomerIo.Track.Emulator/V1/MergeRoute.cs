using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.Validation;

namespace CustomerIo.Track.Emulator.V1;

/// <summary>POST /api/v1/merge_customers.</summary>
public sealed class MergeRoute(TrackStore store)
{
    public Reply Merge(ApiRequest req)
    {
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        var errors = new List<string>();
        if (MergeReader.Read(doc.RootElement, errors) is not { } sides)
            return Reply.MetaError(errors[0]);
        if ((store.RefusedIdentifier(sides.Primary) ?? store.RefusedIdentifier(sides.Secondary)) is { } refused)
            return Reply.MetaError(refused);
        return store.Merge(sides.Primary, sides.Secondary) == TrackStore.MergeOutcome.SamePerson
            ? Reply.MetaError("primary and secondary must be different people")
            : Reply.Ok;
    }
}
