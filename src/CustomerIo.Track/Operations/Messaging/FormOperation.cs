using System;
using CustomerIo.Track.Json;
using CustomerIo.Track.Operations.Rules;

namespace CustomerIo.Track.Operations.Messaging
{
    /// <summary>
    /// Form submission: POST /api/v1/forms/{form_id}/submit {"data":{...}}. Submissions are independent
    /// records, so they are not ordered among themselves (no entity key).
    /// </summary>
    internal static class FormOperation
    {
        public static Operation Create(string formId, AttributeSet data, object input)
        {
            formId = TextRules.Required(formId?.Trim(), "form_id", "give the form's id (-FormId)");
            byte[] dataJson = FieldRules.WriteObject(FormRules.Data(data ?? new AttributeSet()), "data");
            byte[] body;
            using (var json = JsonBuffer.Rent())
            {
                var w = json.Writer;
                w.WriteStartObject();
                V2Item.WriteRaw(w, "data", dataJson);
                w.WriteEndObject();
                body = json.ToArray();
            }
            return new Operation("form", "submit", formId, "POST", "/api/v1/forms/" + Uri.EscapeDataString(formId) + "/submit",
                body, null, input).OrderedBy(null);
        }
    }
}
