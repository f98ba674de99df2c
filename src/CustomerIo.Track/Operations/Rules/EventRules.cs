using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations.Rules
{
    /// <summary>An event's name and data, v1 and v2 alike: a name of at most Limits.EventNameBytes (100) bytes once trimmed (the service trims it), data of at most 100,000 bytes.</summary>
    internal static class EventRules
    {
        /// <summary>The trimmed name; refused when blank, without a UTF-8 form or too long.</summary>
        public static string Name(string name, string what)
        {
            string trimmed = name?.Trim();
            if (string.IsNullOrEmpty(trimmed))
                throw new RecordValidationException("name", $"'name' is {(name == null ? "missing" : "empty")}; {what}.", "EventNameMissing");
            TextRules.Text(trimmed, "name");
            int bytes = Utf8.ByteCount(trimmed);
            if (bytes > Limits.EventNameBytes)
                throw new RecordValidationException("name",
                    $"'name' ('{AttributeSet.Clip(trimmed)}') is {bytes} bytes; the limit is {Limits.EventNameBytes} bytes (UTF-8).",
                    "EventNameTooLong");
            return trimmed;
        }

        /// <summary>Refuses event data over 100,000 bytes of JSON.</summary>
        public static void DataSize(long bytes, string field)
        {
            if (bytes > Limits.EventDataBytes)
                throw new RecordValidationException(field,
                    $"'{field}' is {bytes} bytes as JSON; the limit is {Limits.EventDataBytes} bytes (UTF-8).", "EventDataTooLarge");
        }
    }
}
