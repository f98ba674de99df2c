using System;

namespace CustomerIo.Track.Operations
{
    /// <summary>
    /// A record that breaks a documented rule. Thrown while an Operation is built, so nothing of
    /// the record is sent; the cmdlet turns it into a non-terminating error naming the field.
    /// </summary>
    public sealed class RecordValidationException : Exception
    {
        public RecordValidationException(string field, string message, string errorId = "InvalidRecord")
            : base(message)
        {
            Field = field;
            ErrorId = errorId;
        }

        /// <summary>The field (parameter, attribute or JSON path) that is wrong.</summary>
        public string Field { get; }

        /// <summary>A stable id for the kind of problem, used as the ErrorRecord's ErrorId.</summary>
        public string ErrorId { get; }
    }
}
