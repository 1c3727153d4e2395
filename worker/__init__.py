"""SQS edge: the consumer that runs turns."""
