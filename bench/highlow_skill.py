"""AWS baseline for bench/run.py: a skill written the way the alexa-samples highlowgame skill
writes one: the SDK's `CustomSkillBuilder` with its `DynamoDbAdapter` (a boto3 resource), and
one persistent attribute read and saved on every request.

The table and endpoint come from the same variables the skill reads (MILKDUCT_TABLE,
DYNAMODB_ENDPOINT_URL), so both meet the same moto server.
"""
import os

import ask_sdk_core.utils as ask_utils
import boto3
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_dynamodb.adapter import DynamoDbAdapter

adapter = DynamoDbAdapter(
    table_name=os.environ["MILKDUCT_TABLE"], partition_key_name="id", create_table=False,
    dynamodb_resource=boto3.resource("dynamodb", endpoint_url=os.environ.get("DYNAMODB_ENDPOINT_URL")))


def count_visit(handler_input) -> int:
    """The highlowgame pattern: read the persistent attributes, change one, save them."""
    attributes = handler_input.attributes_manager.persistent_attributes
    attributes["requests"] = int(attributes.get("requests", 0)) + 1
    handler_input.attributes_manager.save_persistent_attributes()
    return attributes["requests"]


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return ask_utils.is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        count_visit(handler_input)
        speak_output = "Welcome to High Low guessing game. Would you like to play?"
        return handler_input.response_builder.speak(speak_output).ask(speak_output).response


class AnyIntentHandler(AbstractRequestHandler):
    """Answers every intent, so it gets the same requests as the skill."""

    def can_handle(self, handler_input):
        return ask_utils.is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input):
        count_visit(handler_input)
        return handler_input.response_builder.speak("Try saying a number.").ask("Say a number.").response


class SessionEndedRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return ask_utils.is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.response


sb = CustomSkillBuilder(persistence_adapter=adapter)
sb.add_request_handler(LaunchRequestHandler())
sb.add_request_handler(AnyIntentHandler())
sb.add_request_handler(SessionEndedRequestHandler())

lambda_handler = sb.lambda_handler()
