"""Messaging channels for Rasa: signed webhooks, replies shaped for each app's limits, and
outbound calls that are asynchronous, time-bounded and retried.

Import the module you need (`bot.channels.twilio`, `.messenger`, `.slack`, `.telegram`); this
package imports nothing itself, so that loading one small module does not load every channel.
"""
