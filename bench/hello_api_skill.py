"""Memory baseline for bench/run.py: the hello world (bench/hello_skill.py) plus the one Alexa
API call the skill makes (the device's time zone, on launch), through the SDK's
`DefaultApiClient`, so both load the same HTTP stack. The bench points apiEndpoint at a
loopback fake of the Alexa API."""
import ask_sdk_core.utils as ask_utils
from ask_sdk_core.api_client import DefaultApiClient
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.skill_builder import CustomSkillBuilder

from hello_skill import HelloWorldIntentHandler, SessionEndedRequestHandler


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return ask_utils.is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        device_id = handler_input.request_envelope.context.system.device.device_id
        zone = handler_input.service_client_factory.get_ups_service().get_system_time_zone(device_id)
        speak_output = f"Welcome, your time zone is {zone}. You can say Hello or Help."
        return handler_input.response_builder.speak(speak_output).ask(speak_output).response


sb = CustomSkillBuilder(api_client=DefaultApiClient())
sb.add_request_handler(LaunchRequestHandler())
sb.add_request_handler(HelloWorldIntentHandler())
sb.add_request_handler(SessionEndedRequestHandler())

lambda_handler = sb.lambda_handler()
