using System.Text.Json;
using CustomerIo.Track.Emulator.Http;
using CustomerIo.Track.Emulator.Store;
using CustomerIo.Track.Emulator.Validation;

namespace CustomerIo.Track.Emulator.V1;

/// <summary>POST /api/v1/segments/{segment_id}/add_customers and /remove_customers (manual segments).</summary>
public sealed class SegmentRoutes(TrackStore store)
{
    public Reply Change(ApiRequest req, string segmentId, bool add)
    {
        // The file types segment_id as an int32.
        if (!int.TryParse(segmentId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            return Reply.MetaErrors([$"segment id '{TrackLimits.Shorten(segmentId)}' must be an integer"]);
        var idType = req.Query("id_type");
        if (idType is not (null or "id" or "email" or "cio_id"))
            return Reply.MetaErrors(["id_type must be one of id, email, cio_id"]);
        if (idType == "email" && !store.EmailIdentifies)
            return Reply.MetaErrors(["id_type email: email is not an identifier in this workspace (it identifies people by id only)"]);
        using var doc = req.ParseObject(out var parseError);
        if (doc is null) return parseError!;
        if (!doc.RootElement.TryGetProperty("ids", out var idsValue) || idsValue.ValueKind != JsonValueKind.Array)
            return Reply.MetaErrors(["ids must be an array"]);
        // The file: 1 to 1000 ids.
        if (idsValue.GetArrayLength() == 0)
            return Reply.MetaErrors(["ids must have at least 1 entry"]);
        if (idsValue.GetArrayLength() > TrackLimits.SegmentIds)
            return Reply.MetaErrors([$"ids cannot have more than {TrackLimits.SegmentIds} entries"]);
        var ids = new List<string>();
        foreach (var item in idsValue.EnumerateArray())
        {
            // The file: ids are strings (a number is refused, not read as its digits).
            if (item.ValueKind != JsonValueKind.String) return Reply.MetaErrors(["each id must be a string"]);
            var id = item.GetString();
            if (AttributeReader.CheckIdentifier(id, "each id") is { } err) return Reply.MetaErrors([err]);
            ids.Add(id!);
        }
        if (add) store.AddToSegment(segmentId, ids);
        else store.RemoveFromSegment(segmentId, ids);
        return Reply.Ok;
    }
}
