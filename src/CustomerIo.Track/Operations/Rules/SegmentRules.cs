using System.Globalization;

namespace CustomerIo.Track.Operations.Rules
{
    /// <summary>Manual segments: segment_id is an int32 (the segment's number), 1 to 1000 ids a request, id_type id, email or cio_id.</summary>
    internal static class SegmentRules
    {
        /// <summary>A name would reach no segment, so anything but a whole number is refused, naming the value.</summary>
        public static string SegmentId(string segmentId)
        {
            string id = TextRules.Required(segmentId?.Trim(), "segment_id", "give the segment's id (-SegmentId)");
            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw new RecordValidationException("segment_id",
                    $"'segment_id' is '{AttributeSet.Clip(id)}'; it must be a whole number from 0 to {int.MaxValue} (the segment's id, shown under Usage on its page).",
                    "InvalidSegmentId");
            return id;
        }

        /// <summary>Null when no type was given (no id_type is sent), else id, email or cio_id.</summary>
        public static string IdType(string idType, bool emailIdentifies)
        {
            if (string.IsNullOrWhiteSpace(idType)) return null;
            string kind = TextRules.OneOf(idType, "id_type", IdentifierRules.NamedKinds, "InvalidIdentifierType");
            IdentifierRules.CheckKindAllowed(kind, "id_type", emailIdentifies);
            return kind;
        }
    }
}
