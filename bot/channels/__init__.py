"""PainPath's input channels for Rasa. REST and Socket.IO (`bot.channels.rest`, `.socketio`): Rasa's
own, guarded. Messaging (`.twilio`, `.messenger`, `.slack`, `.telegram`): signed webhooks, replies
shaped for each app's limits, and outbound calls that are asynchronous, time-bounded and retried.

Import the module you need; this package imports nothing itself, so that loading one small module
does not load every channel.
"""
