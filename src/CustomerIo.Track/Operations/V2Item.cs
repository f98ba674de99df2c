using System;
using System.Text.Json;
using CustomerIo.Track.Json;

namespace CustomerIo.Track.Operations
{
    /// <summary>Writes v2 items: {"type":..,"identifiers":{..},"action":.., ...rest}.</summary>
    internal static class V2Item
    {
        public static byte[] Person(PersonIdentifier who, string action, Action<JsonBuffer> writeRest)
        {
            using (var json = JsonBuffer.Rent())
            {
                WritePersonHead(json.Writer, who, action);
                writeRest?.Invoke(json);
                json.Writer.WriteEndObject();
                return json.ToArray();
            }
        }

        /// <summary>Opens a person item: {"type":"person","identifiers":{..},"action":.. (the caller writes the rest and closes it).</summary>
        public static void WritePersonHead(Utf8JsonWriter w, PersonIdentifier who, string action)
        {
            w.WriteStartObject();
            w.WriteString("type", "person");
            w.WriteStartObject("identifiers");
            w.WriteString(who.Kind, who.Value);
            w.WriteEndObject();
            w.WriteString("action", action);
        }

        /// <summary>Writes an already serialized JSON value under a property name.</summary>
        public static void WriteRaw(Utf8JsonWriter w, string name, byte[] rawJson)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(rawJson, skipInputValidation: true);
        }
    }
}
