using System;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Messaging;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.People
{
    /// <summary>
    /// add_device: PUT /api/v1/customers/{id}/devices {"device":{"id","platform","last_used"?,"attributes"?}}
    /// (v2: device {"token","platform","last_used","attributes"}); delete_device:
    /// DELETE /api/v1/customers/{id}/devices/{token} (v2: device {"token"}).
    /// </summary>
    internal static class DeviceOperation
    {
        public static Operation Add(PersonIdentifier who, string token, string platform, object lastUsed,
            AttributeSet attributes, object input)
        {
            token = DeviceRules.Token(token, "device_id", "every device needs its token (-DeviceId)");
            platform = DeviceRules.Platform(platform, "platform");
            long? lastUsedSeconds = PowerShellValues.IsEmpty(lastUsed) ? (long?)null : UnixTime.FromObject(lastUsed, "last_used");

            byte[] attributesJson = null;
            if (attributes != null && attributes.Count > 0)
            {
                using (var json = JsonBuffer.Rent())
                {
                    attributes.WriteObject(json, "attributes", Limits.AttributesPerIdentify, Limits.AttributeValueBytes);
                    attributesJson = json.ToArray();
                }
            }

            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                w.WriteStartObject("device");
                WriteDevice(w, "id", token, platform, lastUsedSeconds, attributesJson);
                w.WriteEndObject();
                w.WriteEndObject();
                body = json.ToArray();
            }
            byte[] item = V2Item.Person(who, "add_device", json =>
            {
                json.Writer.WriteStartObject("device");
                WriteDevice(json.Writer, "token", token, platform, lastUsedSeconds, attributesJson);
                json.Writer.WriteEndObject();
            });
            return new Operation("person", "add_device", who.PathValue, "PUT",
                "/api/v1/customers/" + who.PathSegment + "/devices", body, item, input);
        }

        public static Operation Delete(PersonIdentifier who, string token, object input)
        {
            token = DeviceRules.Token(token, "device_id", "give the device's token (-DeviceId)");
            byte[] item = V2Item.Person(who, "delete_device", json =>
            {
                json.Writer.WriteStartObject("device");
                json.Writer.WriteString("token", token);
                json.Writer.WriteEndObject();
            });
            return new Operation("person", "delete_device", who.PathValue, "DELETE",
                "/api/v1/customers/" + who.PathSegment + "/devices/" + Uri.EscapeDataString(token), null, item, input);
        }

        private static void WriteDevice(System.Text.Json.Utf8JsonWriter w, string tokenKey, string token, string platform,
            long? lastUsed, byte[] attributes)
        {
            w.WriteString(tokenKey, token);
            w.WriteString("platform", platform);
            if (lastUsed.HasValue) w.WriteNumber("last_used", lastUsed.Value);
            if (attributes != null) V2Item.WriteRaw(w, "attributes", attributes);
        }
    }
}
